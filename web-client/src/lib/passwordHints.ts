// The API's PasswordPolicy (api/Recert.Api/Domain/Passwords.cs): 12 to 128 characters, 15 for staff.
const advice = 'A phrase of a few words works well; common passwords and your email are refused.';
export const passwordHint = `At least 12 characters (15 for staff), up to 128. ${advice}`;
export const newAccountPasswordHint = `At least 12 characters, up to 128. ${advice}`;
