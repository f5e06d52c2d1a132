// Where "Sign in" returns to. A sign-in page is never a place to return to: following it would nest
// /sign-in?next=/sign-in?next=… on every click.

/** Whether a site path is a sign-in page (the form, or a link's landing page). */
function isSignInPath(path: string): boolean {
  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  return pathname === "/sign-in" || pathname.startsWith("/sign-in/");
}

/** The page to return to after signing in: `path`, unwrapped from any sign-in page it names, else "/". */
export function returnPathAfterSignIn(path: string): string {
  let current = path;
  for (let depth = 0; depth < 5 && isSignInPath(current); depth++) {
    const next = new URL(current, "http://this.site").searchParams.get("next");
    if (!next?.startsWith("/") || next.startsWith("//")) return "/";
    current = next;
  }
  return isSignInPath(current) ? "/" : current;
}

/** The sign-in link for a reader on `path` (a site path), returning there afterwards. */
export function signInHref(path: string): string {
  const next = returnPathAfterSignIn(path);
  return next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}
