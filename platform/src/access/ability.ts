import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility } from '@casl/ability';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete';
export type SubjectName = 'Store' | 'User' | 'AuditLog' | 'TenantSettings' | 'all';
type RecordOf<T extends SubjectName> = ForcedSubject<T> & Record<string, unknown>;

/**
 * Conditions are written in the entity's own property names so the same rule both checks a loaded record and
 * becomes the SQL filter of a list (see `accessibleWhere`).
 */
export type AppAbility = MongoAbility<
  [Action, SubjectName | RecordOf<'Store'> | RecordOf<'User'> | RecordOf<'AuditLog'> | RecordOf<'TenantSettings'>]
>;
export type AbilityRules = AbilityBuilder<AppAbility>;

export function newAbilityBuilder(): AbilityRules {
  return new AbilityBuilder<AppAbility>(createMongoAbility);
}

export function buildAbility(builder: AbilityRules): AppAbility {
  return builder.build();
}

/** Marks a plain record with its subject type for a single-record check. */
export function asSubject(type: Exclude<SubjectName, 'all'>, record: Record<string, unknown>) {
  return subject(type, { ...record }) as RecordOf<typeof type>;
}
