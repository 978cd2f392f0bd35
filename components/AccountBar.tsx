import { t } from "@/utils/i18n";
import { useAccountStore } from "@/utils/stores/account-store";

/** Who is signed in to Google, with sign-in / sign-out. */
export function AccountBar() {
  const { email, loaded, busy, error, signIn, signOut } = useAccountStore();
  if (!loaded) return null;
  return (
    <section className="account" aria-label={t("accountLabel")}>
      {email ? (
        <>
          <span className="muted">{t("signedInAs", email)}</span>
          <button type="button" className="link-button" onClick={() => void signOut()} disabled={busy}>
            {t("signOut")}
          </button>
        </>
      ) : (
        <button type="button" className="primary" onClick={() => void signIn()} disabled={busy}>
          {busy ? t("signingIn") : t("signIn")}
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}
    </section>
  );
}
