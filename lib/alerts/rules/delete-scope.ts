import { hrefs } from '../../changes/hrefs.ts';
import type { AlertRule } from '../types.ts';

/** An active organization API key with delete:compliance_user_data, or the extension's own key carrying it. */
export const deleteScope: AlertRule = {
  id: 'delete-scope',
  title: 'A key with the delete scope',
  evaluate: (ctx) => [
    ...ctx
      .items('apiKey')
      .filter((k) => k.fields.delete === true && k.fields.active !== false)
      .map((k) => ({
        // "org-key/<id>", not "apiKey:<id>": the latter reads like a credential assignment to the secret scanners (lib/util/redact.ts).
        subject: `org-key/${k.id}`,
        level: 'critical' as const,
        title: `Key can delete data: ${k.label}`,
        detail: 'This active key carries delete:compliance_user_data. Revoke it unless a deletion workflow needs it.',
        href: hrefs.complianceKey(),
      })),
    ...ctx
      .items('ownKey')
      .filter((k) => k.fields.deleteScope === 'present')
      .map(() => ({
        subject: 'ownKey',
        level: 'critical' as const,
        title: 'The extension’s Compliance key can delete data',
        detail: 'Create a key without delete:compliance_user_data and replace it in Options.',
        href: hrefs.complianceKey(),
      })),
  ],
};
