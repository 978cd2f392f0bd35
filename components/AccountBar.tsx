import { t } from "@/utils/i18n";
import { useAccountStore } from "@/utils/stores/account-store";

/** Who is signed in to Google, with sign-in / sign-out. */
export function AccountBar() {
  const { email, loaded, busy, signIn, signOut } = useAccountStore();
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
    </section>
  );
}

/**
 * The last sign-in problem, under the header rather than squeezed into it. A cancelled sign-in is
 * news, not an error: it reads calmly.
 */
export function AccountProblem() {
  const error = useAccountStore((s) => s.error);
  if (!error) return null;
  const calm = error === "errSignInCancelled";
  return (
    <p role={calm ? "status" : "alert"} className={calm ? "muted account-problem" : "error account-problem"}>
      {t(error)}
    </p>
  );
}
