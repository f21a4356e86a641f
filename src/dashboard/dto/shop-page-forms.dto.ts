import { IsOptional, IsString } from 'class-validator';
import { QueryEnum } from '../../web/query-params.js';

export class ShopPageForm {
  @IsOptional() @IsString() body?: string;
}

export class ShopPageQuery {
  @QueryEnum(['1']) saved?: string;
}
