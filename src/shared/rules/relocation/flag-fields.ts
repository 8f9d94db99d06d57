import { z } from 'zod';
import { idSchema, isoDateTime, townshipCode } from '../../schema/common';
import { RELIEF_ITEM_KINDS } from '../../schema/relief';
import { DISAGREEMENT_FIELDS } from './person-disagreements';

const FLAG_KINDS = ['duplicate-person', 'double-handout'] as const;
export const FLAG_RESOLUTIONS = ['merge', 'keep-both'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/**
 * A `flag` record: the server found, after sync, something a tablet could not know (relocation-relief.md):
 * one person (head or member, by ID-number HMAC) named by two household records of an event, or a second hand-out of an item in a round
 * to one household across two tablets. The records stay as they are; the county resolves the flag.
 * It holds no ID number (privacy.md §4): the key names the head and shows the number masked.
 */
const flagFieldsSchema = z.object({
  kind: z.enum(FLAG_KINDS),
  eventId: idSchema,
  /** 'household' records for duplicate-person, 'relief' records for double-handout. */
  entity: z.enum(['household', 'relief']),
  recordIds: z.array(idSchema).min(2),
  /** For a double hand-out: the household records the hand-outs went to. */
  householdIds: z.array(idSchema).optional(),
  itemKind: z.enum(RELIEF_ITEM_KINDS).optional(),
  round: z.string().optional(),
  /** What the records share, for people: "户主 王芳 3301**********1231". */
  key: z.string().max(200),
  /** For a person: where each household record names them (find-duplicate-people.ts). */
  occurrences: z
    .array(z.object({ householdId: idSchema, role: z.enum(['head', 'member']), memberId: idSchema.optional() }))
    .optional(),
  /**
   * For a person: the facts their registrations state differently, every value and the record whose
   * value the report counts (person-disagreements.ts): the county sees the disagreement, not a choice.
   */
  disagreements: z
    .array(
      z.object({
        field: z.enum(DISAGREEMENT_FIELDS),
        counted: idSchema,
        values: z.array(z.object({ householdId: idSchema, value: z.string().max(20) })),
      }),
    )
    .optional(),
  /** The townships of the records (the flag itself lives in the first one's). */
  townships: z.array(townshipCode),
  status: z.enum(['open', 'resolved']),
  openedAt: isoDateTime,
  resolution: z
    .object({ action: z.enum(FLAG_RESOLUTIONS), reason: z.string().min(1).max(500), by: z.string(), at: isoDateTime })
    .optional(),
});

export type FlagFields = z.infer<typeof flagFieldsSchema>;
