import type { UnlockedSession } from '../../db/contracts';
import type { CasePolicy } from '../../shared/schema/case-policy';
import type { Division } from '../../shared/schema/division';

type Request = NonNullable<UnlockedSession['request']>;

/** The counties (registry) and their case policies (SPEC K8) over the session's request. */
export function casePolicyApi(request: Request) {
  return {
    async counties(): Promise<Division[]> {
      const { divisions } = await request<{ divisions: Division[] }>('GET', '/api/divisions?level=county');
      return divisions.filter((d) => d.status === 'active').sort((a, b) => a.code.localeCompare(b.code));
    },
    async policies(): Promise<CasePolicy[]> {
      const { records } = await request<{ records: { fields: CasePolicy; deleted?: boolean }[] }>('GET', '/api/admin/records?entity=casePolicy&limit=1000');
      return records.filter((r) => !r.deleted).map((r) => r.fields);
    },
    async save(county: string, programmes: CasePolicy['programmes']): Promise<CasePolicy> {
      return (await request<{ record: { fields: CasePolicy } }>('PUT', `/api/admin/case-policies/${county}`, { programmes })).record.fields;
    },
  };
}
