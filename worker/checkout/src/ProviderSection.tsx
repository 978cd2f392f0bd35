import type { ReactNode } from "react";
import type { Money } from "../../../utils/api/contract";

/** One provider's part of the page: a labelled section headed by its name and, when it differs by provider, its price. */
export function ProviderSection(props: { id: string; title: string; price?: Money; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.title}
        {props.price ? ` · ${props.price.value} ${props.price.currency}` : ""}
      </h2>
      {props.children}
    </section>
  );
}
