/** What a profile may be called: it becomes part of a keychain account name and a config key. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const PROFILE_NAME_HINT = 'Use letters, digits, ".", "_" or "-", starting with a letter or digit.';
