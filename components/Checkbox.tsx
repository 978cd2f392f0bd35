/** A checkbox with its visible label after it (the popup's and options page's on/off choices). */
export function Checkbox(props: { id: string; label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <div className="checkbox">
      <input id={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={props.id}>{props.label}</label>
    </div>
  );
}
