/** The product mark (same drawing as the toolbar icons), decorative next to the visible name. */
export function Logo() {
  return <img className="logo" src="/icons/32.png" alt="" width={24} height={24} />;
}
