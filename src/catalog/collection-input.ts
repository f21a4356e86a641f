import { message, type Message } from '../common/domain-error.js';

/** The collection form as posted. */
export interface CollectionFormInput {
  title?: string;
  handle?: string;
  description?: string;
}

export interface CollectionValues {
  title: string;
  /** Null: made from the title (and suffixed if taken). */
  handle: string | null;
  description: string;
}

export const TITLE_MAX = 120;
export const HANDLE_MAX = 60;
export const DESCRIPTION_MAX = 2000;
export const HANDLE_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A handle from a title: "Tasses en grès !" → "tasses-en-gres"; "collection" if nothing is left. */
export function handleFromTitle(title: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, HANDLE_MAX - 4)
    .replace(/-+$/g, '');
  return base || 'collection';
}

/** Checks the form; errors per field, by catalog key. */
export function checkCollectionInput(
  input: CollectionFormInput,
): { value: CollectionValues } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const title = (input.title ?? '').trim();
  const handle = (input.handle ?? '').trim().toLowerCase();
  const description = (input.description ?? '').replace(/\r\n/g, '\n').trim();
  if (!title) errors.title = message('dashboard.collections.errors.titleRequired');
  else if (title.length > TITLE_MAX)
    errors.title = message('dashboard.collections.errors.titleTooLong', { max: TITLE_MAX });
  if (handle && (handle.length > HANDLE_MAX || !HANDLE_SHAPE.test(handle)))
    errors.handle = message('dashboard.collections.errors.handleShape', { max: HANDLE_MAX });
  if (description.length > DESCRIPTION_MAX)
    errors.description = message('dashboard.collections.errors.descriptionTooLong', { max: DESCRIPTION_MAX });
  if (Object.keys(errors).length) return { errors };
  return { value: { title, handle: handle || null, description } };
}
