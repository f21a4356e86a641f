import { QueryEnum } from '../../web/query-params.js';

export class VariantsPageQuery {
  @QueryEnum(['options', 'saved']) done?: string;
}
