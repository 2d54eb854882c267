/** The process's pino logger, for services that hand loggers on (plugins get a child bound to tenant and plugin). */
export const PLATFORM_LOGGER = Symbol('PLATFORM_LOGGER');
