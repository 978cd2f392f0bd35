import type { ReactNode } from "react";
import { type MessageKey, t } from "@/utils/i18n";

/** A labelled form control with its inline error; the error is announced and linked by id. */
export function Field(props: { id: string; label: string; error?: MessageKey; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={`field${props.error ? " field-invalid" : ""}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint}
      {props.error && (
        <p id={`${props.id}-error`} className="error field-error" role="alert">
          {t(props.error)}
        </p>
      )}
    </div>
  );
}

/** aria attributes tying a control to its {@link Field} error. */
export function invalidProps(id: string, error?: MessageKey) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}
