/**
 * The list's date and time formats, each built once. `Date#toLocaleTimeString(locale, options)`
 * builds a new Intl.DateTimeFormat on every call (an ICU formatter, a fraction of a millisecond),
 * and the list formats every row it renders twice: a page of 50 rows spent more time there than
 * in rendering them. Same output: the default locale and the same options.
 */
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const DAY_WITH_YEAR = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

/** Hours and minutes, as a message row shows its time. */
export function formatTime(date: Date): string {
  return TIME.format(date);
}

/** A day divider's date: weekday, month and day, with the year when it is not `now`'s. */
export function formatDay(date: Date, now: Date): string {
  return (date.getFullYear() !== now.getFullYear() ? DAY_WITH_YEAR : DAY).format(date);
}
