import { useI18n } from '../i18n/i18n';
import { type DraftMessage, draftProblemMessages } from '../lib/draft';
import type { ProblemDocument } from '../lib/problem';

/** The words of one message of the editor, in the user's language (the API's Japanese as it is). */
export function useDraftMessage(): (message: DraftMessage) => string {
  const { t } = useI18n();
  return (message) => ('text' in message ? message.text : t(message.key, message.params));
}

/**
 * A refused draft (preview, document, opening) as an alert: a lead in the user's language chosen
 * by the problem's code, then the reasons the API gave in Japanese — never its English status line.
 */
export function DraftProblem({ problem }: { problem: ProblemDocument }) {
  const say = useDraftMessage();
  const [lead, ...details] = draftProblemMessages(problem).map(say);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-lead">{lead}</p>
      {details.map((detail, index) => (
        <p key={index} lang="ja">
          {detail}
        </p>
      ))}
    </div>
  );
}
