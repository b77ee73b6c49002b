// An actions menu button following the WAI-ARIA menu button pattern:
// Enter, Space or arrows open it, arrows/Home/End move, Escape closes.
import { clear, h, uid } from './dom.js';

let openMenu = null;
document.addEventListener('pointerdown', (e) => {
  if (openMenu && !openMenu.root.contains(e.target)) openMenu.close(false);
});
window.addEventListener('resize', () => openMenu?.close(false));
window.addEventListener('scroll', () => openMenu?.close(false), true);

export class ActionMenu {
  constructor({ label, onSelect }) {
    this.onSelect = onSelect;
    this.entries = [];
    const menuId = uid('menu');
    this.button = h('button', {
      type: 'button', class: 'jt-menu-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId,
      'aria-label': label,
      on: { click: () => (this.isOpen ? this.close(true) : this.open(0)), keydown: (e) => this.onButtonKey(e) },
    }, 'Actions', h('span', { class: 'jt-caret', 'aria-hidden': 'true' }, '▾'));
    this.list = h('div', { id: menuId, role: 'menu', class: 'jt-menu', hidden: true, 'aria-label': label, on: { keydown: (e) => this.onMenuKey(e) } });
    this.root = h('div', { class: 'jt-menu-root' }, this.button, this.list);
  }

  get isOpen() {
    return !this.list.hidden;
  }

  set disabled(value) {
    this.button.disabled = value;
    if (value) this.close(false);
  }

  setEntries(entries) {
    const focused = this.items().indexOf(document.activeElement);
    this.entries = entries;
    clear(this.list);
    for (const entry of entries) {
      if (entry.kind === 'separator') {
        this.list.append(h('div', { role: 'separator', class: 'jt-menu-separator' }));
        continue;
      }
      const attrs = {
        role: 'menuitem', tabindex: '-1', class: ['jt-menu-item', entry.danger && 'danger', `action-${entry.key}`],
        'aria-disabled': entry.enabled ? undefined : 'true',
        on: { click: (e) => this.choose(e, entry) },
      };
      const item = entry.kind === 'link' && entry.enabled
        ? h('a', { ...attrs, href: entry.href, target: entry.target, rel: entry.target === '_blank' ? 'noopener noreferrer' : undefined }, entry.label)
        : h('button', { ...attrs, type: 'button' }, entry.label);
      this.list.append(item);
    }
    if (this.isOpen && focused >= 0) this.focusItem(Math.min(focused, this.items().length - 1));
  }

  items() {
    return [...this.list.querySelectorAll('[role="menuitem"]')];
  }

  open(index) {
    if (openMenu && openMenu !== this) openMenu.close(false);
    openMenu = this;
    this.list.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    const rect = this.button.getBoundingClientRect();
    const width = this.list.offsetWidth;
    const left = Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8));
    const below = rect.bottom + 4;
    const top = below + this.list.offsetHeight > window.innerHeight - 8 ? Math.max(8, rect.top - this.list.offsetHeight - 4) : below;
    this.list.style.left = `${left}px`;
    this.list.style.top = `${top}px`;
    if (index !== null) this.focusItem(index < 0 ? this.items().length - 1 : index);
  }

  close(returnFocus) {
    if (!this.isOpen) return;
    this.list.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (openMenu === this) openMenu = null;
    if (returnFocus) this.button.focus();
  }

  focusItem(index) {
    const items = this.items();
    if (!items.length) return;
    items[(index + items.length) % items.length].focus();
  }

  choose(event, entry) {
    if (!entry.enabled) {
      event.preventDefault();
      return;
    }
    if (entry.kind === 'link' && !entry.confirmation) {
      this.close(false);
      return; // the browser follows the link
    }
    event.preventDefault();
    this.close(true);
    this.onSelect(entry);
  }

  onButtonKey(e) {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.open(0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      this.open(-1);
    }
  }

  onMenuKey(e) {
    const items = this.items();
    const at = items.indexOf(document.activeElement);
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.focusItem(moves[e.key]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close(true);
    } else if (e.key === 'Tab') {
      this.close(false);
    } else if (e.key === ' ' && document.activeElement?.tagName === 'A') {
      e.preventDefault();
      document.activeElement.click();
    }
  }
}
