import { type ReactNode, useContext } from "react";
import type { Money } from "../../../utils/api/contract";
import { formatMoney } from "./format";
import { LocaleContext } from "./i18n";

/** One provider's part of the page: a labelled section headed by its name and, when it differs by provider, its price. */
export function ProviderSection(props: { id: string; title: string; price?: Money; children: ReactNode }) {
  const locale = useContext(LocaleContext);
  return (
    <section aria-labelledby={props.id} className="provider">
      <h2 id={props.id}>
        {props.title}
        {props.price ? ` · ${formatMoney(props.price, locale)}` : ""}
      </h2>
      {props.children}
    </section>
  );
}
