/**
 * Who is asking: the app (from the API key), the end user and their groups
 * (from request headers), and whether they may see every job of the app
 * (admin keys and keys with the `jobs_table_actions` scope).
 */
export interface Viewer {
  label: string;
  user: string | null;
  groups: string[];
  all: boolean;
}
