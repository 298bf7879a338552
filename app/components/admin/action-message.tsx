/** The result of the last admin form: a status line for success, an alert for an error. */
export function ActionMessage({ result }: { result?: { ok: boolean; message?: string; error?: string } | null }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="admin-ok">
      {result.message}
    </p>
  ) : (
    <p role="alert" className="error">
      {result.error}
    </p>
  );
}
