import type { Page } from 'playwright-core';

export interface Overflow {
  /** A short CSS-like path to the element, e.g. `main > table.orders`. */
  element: string;
  left: number;
  right: number;
}

/**
 * The visible elements of the page that extend past the viewport's left or right edge, except
 * those inside a container that scrolls horizontally on its own (a table in its scroll box is
 * fine: the page itself does not move sideways). `overflow-x: hidden` on html/body hides nothing
 * from this check: it measures boxes, not only the document's scroll width.
 */
export async function overflowingElements(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const cls = [...e.classList].slice(0, 2).join('.');
        parts.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + (cls ? `.${cls}` : ''));
      }
      return parts.join(' > ');
    };
    // A box that scrolls (or clips) sideways contains its children; the box itself is checked
    // as an element of its own. html and body never count: the loop stops below them.
    const containsSideways = (el: Element): boolean =>
      ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const insideScroller = (el: Element): boolean => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        if (containsSideways(e)) return true;
      }
      return false;
    };
    const found: { element: string; left: number; right: number }[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
      // Visually hidden text (the "sr-only" pattern) is clipped to a 1 px box: not seen.
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const left = box.left + window.scrollX;
      const right = box.right + window.scrollX;
      if ((left < -0.5 || right > width + 0.5) && !insideScroller(el)) {
        found.push({ element: describe(el), left: Math.round(left), right: Math.round(right) });
      }
    }
    return found;
  });
}

/** Fails with the offending elements if anything visible sticks out of the viewport sideways. */
export async function expectFitsViewport(page: Page): Promise<void> {
  const found = await overflowingElements(page);
  const pageOverflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (found.length || pageOverflow > 0) {
    const list = found
      .slice(0, 12)
      .map((o) => `  ${o.element} (${o.left}…${o.right})`)
      .join('\n');
    throw new Error(
      `${page.url()} at ${page.viewportSize()?.width} px: the page scrolls sideways by ${pageOverflow} px\n${list}`,
    );
  }
}

/** Every visible link and button of `selector` is at least 44 px tall (a touch target). */
export async function expectTouchTargets(page: Page, selector: string): Promise<void> {
  const small = await page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ text: el.textContent?.trim(), height: el.getBoundingClientRect().height }))
      .filter((b) => b.height < 44),
  );
  if (small.length) {
    const list = small.map((b) => `  "${b.text}" (${Math.round(b.height)} px)`).join('\n');
    throw new Error(`${page.url()}: touch targets under 44 px tall in ${selector}\n${list}`);
  }
}
