import { type ReactNode, useState } from 'react';
import { ApiError, apiDownload } from '../api/api-client';
import { saveBlob, showBlobIn } from '../lib/download';
import { useSession } from '../session';
import { ProblemAlert } from './common.component';

/** Where a button reads its document: a GET, or a POST of `body` (a draft's documents). */
interface Source {
  path: string;
  accept: string;
  body?: unknown;
  /** How a refusal is shown; the API's problem as it is by default. */
  renderError?: (error: ApiError) => ReactNode;
}

/**
 * Downloads a representation the API chooses by Accept (DOCX, CSV, printable HTML) — a plain link
 * cannot set Accept or send the signed-in token — and saves it under `filename`.
 */
export function DownloadButton({
  path,
  accept,
  body,
  renderError,
  filename,
  label,
}: Source & {
  filename: string;
  label: string;
}) {
  const { session } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const download = async () => {
    setError(null);
    try {
      saveBlob(await apiDownload(path, accept, session?.token, body), filename);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      else throw caught;
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()}>
        {label}
      </button>
      {error === null ? null : renderError === undefined ? (
        <ProblemAlert error={error} />
      ) : (
        renderError(error)
      )}
    </>
  );
}

/**
 * Opens a representation of the API (the printable 新旧対照表) in a new tab, read with the signed-in
 * token — which a plain link to the API could not send where reads need one.
 */
export function OpenButton({ path, accept, body, renderError, label }: Source & { label: string }) {
  const { session } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const open = async () => {
    setError(null);
    const tab = window.open('', '_blank');
    try {
      const blob = await apiDownload(path, accept, session?.token, body);
      if (tab === null) saveBlob(blob, 'print.html');
      else showBlobIn(tab, blob);
    } catch (caught) {
      tab?.close();
      if (caught instanceof ApiError) setError(caught);
      else throw caught;
    }
  };
  return (
    <>
      <button type="button" onClick={() => void open()}>
        {label}
      </button>
      {error === null ? null : renderError === undefined ? (
        <ProblemAlert error={error} />
      ) : (
        renderError(error)
      )}
    </>
  );
}
