// The name of the cPanel connections file in the settings folder. A module of its own so
// that discovery can check for the file without loading the cPanel client.
export const CPANEL_FILE = 'cpanel.json';
