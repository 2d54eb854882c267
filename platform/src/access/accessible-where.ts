import { rulesToCondition } from '@casl/ability/extra';
import type { AppAbility, Action, SubjectName } from './ability.js';

export type Where = Record<string, unknown>;

/**
 * Turns the actor's rules for (action, subject) into a MikroORM `where`, so a list is filtered in SQL rather than
 * after loading. `null` means the actor may not do this to any record of the subject.
 */
export function accessibleWhere(ability: AppAbility, action: Action, subject: Exclude<SubjectName, 'all'>): Where | null {
  return rulesToCondition<AppAbility, Where, Where>(
    ability.rulesFor(action, subject),
    (rule) => (rule.inverted ? { $not: rule.conditions } : (rule.conditions as Where)),
    {
      and: (conditions) => ({ $and: conditions }),
      or: (conditions) => (conditions.length === 1 ? conditions[0] : { $or: conditions }),
      empty: () => ({}),
    },
  );
}
