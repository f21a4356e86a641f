import { QueryEnum } from '../../web/query-params.js';

export class SettingsQuery {
  @QueryEnum(['1']) saved?: string;
}
