// The lead's details: name, email, notes, with inline validation (an error under each field,
// linked by aria-describedby and announced), and the pay button.
import { h } from "./dom";
import type { BookStrings } from "./i18n";

/** The lead's entries. */
export interface LeadFields {
  name: string;
  email: string;
  notes: string;
}
export type FieldErrors = Partial<Record<keyof LeadFields, keyof BookStrings>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Problems of the entries, as string keys (empty = valid). */
export function validateLead(f: LeadFields): FieldErrors {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  if (name.length === 0 || name.length > 100) errors.name = "errName";
  const email = f.email.trim();
  if (!EMAIL.test(email) || email.length > 254) errors.email = "errEmail";
  if (f.notes.length > 1000) errors.notes = "errNotes";
  return errors;
}

/** Shows (or clears) one field's error in place, without rebuilding the form. */
export function showFieldError(key: keyof LeadFields, message: string | null): void {
  const input = document.getElementById(`lead-${key}`);
  const box = document.getElementById(`lead-${key}-error`);
  if (!input || !box) return;
  box.textContent = message ?? "";
  box.hidden = !message;
  if (message) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", box.id);
  } else {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

/** The form; `values` and `errors` are the page's state, `onInput` keeps them current. */
export function renderForm(p: {
  t: BookStrings;
  values: LeadFields;
  errors: FieldErrors;
  submitting: boolean;
  onInput(key: keyof LeadFields, value: string): void;
  onBlur(key: keyof LeadFields): void;
  onSubmit(): void;
}): HTMLFormElement {
  const field = (key: keyof LeadFields, type: string, label: string, autocomplete: string) => {
    const id = `lead-${key}`;
    const error = p.errors[key];
    const attrs = {
      id,
      name: key,
      autocomplete,
      "aria-invalid": error ? "true" : null,
      "aria-describedby": error ? `${id}-error` : null,
      oninput: (e: Event) => p.onInput(key, (e.target as HTMLInputElement).value),
      onblur: () => p.onBlur(key),
    };
    const control =
      type === "textarea"
        ? h("textarea", { ...attrs, rows: 3, maxlength: 1000 }, p.values[key])
        : h("input", { ...attrs, type, value: p.values[key], required: true });
    const box = h("p", { id: `${id}-error`, class: "error field-error", role: "alert" }, error ? p.t[error] : "");
    box.hidden = !error;
    return h("div", { class: "field" }, h("label", { for: id }, label), control, box);
  };
  return h(
    "form",
    {
      novalidate: true,
      "aria-labelledby": "details-h",
      onsubmit: (e: Event) => {
        e.preventDefault();
        p.onSubmit();
      },
    },
    field("name", "text", p.t.name, "name"),
    field("email", "email", p.t.email, "email"),
    field("notes", "textarea", p.t.notes, "off"),
    h("p", { class: "muted" }, p.t.payNote),
    h(
      "button",
      { type: "submit", id: "pay", disabled: p.submitting, "aria-disabled": p.submitting ? "true" : null },
      p.submitting ? p.t.working : p.t.pay,
    ),
  );
}
