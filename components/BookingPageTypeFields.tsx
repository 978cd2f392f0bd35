import { type NoAnswer, PROVIDERS } from "@/utils/api/contract";
import { providerName } from "@/utils/background/tracker/notify";
import { TYPE_NUMBERS, type TypeDraft, type TypeNumber } from "@/utils/booking-page/draft";
import { useBookingPageStore } from "@/utils/booking-page/store";
import { type MessageKey, t } from "@/utils/i18n";
import { Checkbox } from "./Checkbox";
import { Field, invalidProps } from "./Field";

/** The label key of each numeric field. */
const NUMBER_LABELS: Record<TypeNumber, MessageKey> = {
  durationMinutes: "bpDuration",
  slotStepMinutes: "bpStep",
  bufferBeforeMinutes: "bpBufferBefore",
  bufferAfterMinutes: "bpBufferAfter",
  minNoticeMinutes: "bpNotice",
  horizonDays: "bpHorizon",
  maxPerDay: "bpMaxPerDay",
  cancelRefundHours: "bpCancelRefundHours",
};

/** Every field of one booking type; ids `bp-type-<i>-<field>` match the draft's error keys. */
export function BookingPageTypeFields({ index, type }: { index: number; type: TypeDraft }) {
  const { errors, edit } = useBookingPageStore();
  const id = (field: string) => `bp-type-${index}-${field}`;
  const set = (field: keyof TypeDraft, value: TypeDraft[keyof TypeDraft], errorField = field) =>
    edit(
      (d) => ({ ...d, types: d.types.map((x) => (x.key === type.key ? { ...x, [field]: value } : x)) }),
      id(errorField),
    );
  const text = (field: "id" | "title" | "priceValue" | "priceCurrency", label: string, hint?: string) => (
    <Field id={id(field)} label={label} error={errors[id(field)]} hint={hint && <p className="muted hint">{hint}</p>}>
      <input
        id={id(field)}
        type="text"
        autoComplete="off"
        spellCheck={field === "title"}
        value={type[field]}
        onChange={(e) => set(field, e.target.value, field === "priceCurrency" ? "priceValue" : field)}
        {...invalidProps(id(field), errors[id(field)])}
      />
    </Field>
  );
  return (
    <div className="bp-type-fields">
      {text("title", t("bpTypeTitle"))}
      {text("id", t("bpTypeId"), t("bpTypeIdHint"))}
      <Field id={id("description")} label={t("bpDescription")} error={errors[id("description")]}>
        <textarea
          id={id("description")}
          rows={2}
          value={type.description}
          onChange={(e) => set("description", e.target.value)}
          {...invalidProps(id("description"), errors[id("description")])}
        />
      </Field>
      {TYPE_NUMBERS.map((field) => (
        <Field key={field} id={id(field)} label={t(NUMBER_LABELS[field])} error={errors[id(field)]}>
          <input
            id={id(field)}
            type="number"
            inputMode="numeric"
            min={0}
            placeholder={field === "slotStepMinutes" ? type.durationMinutes : field === "maxPerDay" ? "∞" : undefined}
            value={type[field]}
            onChange={(e) => set(field, e.target.value)}
            {...invalidProps(id(field), errors[id(field)])}
          />
        </Field>
      ))}
      <fieldset>
        <legend>{t("bpProviders")}</legend>
        <p className="muted hint">{t("bpProvidersHint")}</p>
        {PROVIDERS.map((p) => (
          <Checkbox
            key={p}
            id={id(`provider-${p}`)}
            label={providerName(p)}
            checked={type.providers.includes(p)}
            onChange={(on) =>
              set("providers", on ? [...type.providers, p] : type.providers.filter((x) => x !== p), "providers")
            }
          />
        ))}
      </fieldset>
      <div className="bp-price">
        {text("priceValue", t("bpPrice"), t("bpPriceHint"))}
        {text("priceCurrency", t("bpCurrency"))}
      </div>
      <Checkbox
        id={id("refund-attend")}
        label={t("fieldRefundIfAttended")}
        checked={type.refundIfAttended}
        onChange={(on) => set("refundIfAttended", on)}
      />
      {type.refundIfAttended && (
        <div className="field">
          <label htmlFor={id("no-answer")}>{t("fieldNoAnswer")}</label>
          <select
            id={id("no-answer")}
            value={type.noAnswer}
            onChange={(e) => set("noAnswer", e.target.value as NoAnswer)}
          >
            <option value="keep">{t("noAnswerKeep")}</option>
            <option value="refund">{t("noAnswerRefund")}</option>
          </select>
        </div>
      )}
    </div>
  );
}
