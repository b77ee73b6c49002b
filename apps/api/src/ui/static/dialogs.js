// Modal dialogs (native <dialog>: focus is kept inside, Escape closes) and
// notices in a live region.
import { h } from './dom.js';

/** A dialog shell: heading, body, footer buttons; removed from the page when closed. */
export function modal({ title, className, body, buttons = [], onClose }) {
  const heading = h('h2', { class: 'jt-dialog-title' }, title);
  const close = h('button', { type: 'button', class: 'jt-icon-button', 'aria-label': 'Close', on: { click: () => dialog.close('cancel') } }, '×');
  const dialog = h('dialog', { class: ['jt-dialog', className] },
    h('header', { class: 'jt-dialog-header' }, heading, close),
    h('div', { class: 'jt-dialog-body' }, body),
    buttons.length ? h('footer', { class: 'jt-dialog-footer' }, buttons) : null);
  const id = `dialog-title-${Math.random().toString(36).slice(2)}`;
  heading.id = id;
  dialog.setAttribute('aria-labelledby', id);
  dialog.addEventListener('close', () => {
    onClose?.(dialog.returnValue);
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Asks before a destructive action; resolves true when confirmed. Cancel has the focus first. */
export function confirmAction(message, confirmLabel, danger) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'jt-button', on: { click: () => dialog.close('cancel') } }, 'Cancel');
    const ok = h('button', { type: 'button', class: ['jt-button', danger ? 'danger' : 'primary'], on: { click: () => dialog.close('ok') } }, confirmLabel);
    const dialog = modal({
      title: 'Please confirm', className: 'jt-confirm', body: h('p', null, message), buttons: [cancel, ok],
      onClose: (value) => resolve(value === 'ok'),
    });
    dialog.setAttribute('role', 'alertdialog');
    cancel.focus();
  });
}

let region = null;

/** A notice that screen readers announce; errors stay until dismissed or replaced. */
export function notify(message, kind = 'info') {
  region ??= document.body.appendChild(h('div', { class: 'jt-notices', 'aria-live': 'polite' }));
  const notice = h('div', { class: ['jt-notice', kind], role: kind === 'error' ? 'alert' : 'status' },
    h('span', null, message),
    h('button', { type: 'button', class: 'jt-icon-button', 'aria-label': 'Dismiss', on: { click: () => notice.remove() } }, '×'));
  region.append(notice);
  while (region.children.length > 4) region.firstChild.remove();
  setTimeout(() => notice.remove(), kind === 'error' ? 15_000 : 6000);
  return notice;
}
