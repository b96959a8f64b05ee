import { MeteorCoreError } from './meteor-core-error';

export interface AbsoluteUrlOptions {
  /** Base URL; defaults to ROOT_URL. A missing scheme means http. */
  rootUrl?: string | undefined;
  /** Use https (except for localhost / 127.0.0.1, which stay http). */
  secure?: boolean | undefined;
  /** Write `localhost` as `127.0.0.1`. */
  replaceLocalhost?: boolean | undefined;
}

export interface AbsoluteUrl {
  (path?: string | AbsoluteUrlOptions, options?: AbsoluteUrlOptions): string;
  /** Defaults the runtime fills in (rootUrl from ROOT_URL, secure on an https page). */
  defaultOptions: AbsoluteUrlOptions;
}

/** Meteor.absoluteUrl: joins ROOT_URL and `path` with exactly one slash between them. */
export function createAbsoluteUrl(defaultOptions: AbsoluteUrlOptions): AbsoluteUrl {
  const absoluteUrl = ((pathOrOptions?: string | AbsoluteUrlOptions, maybeOptions?: AbsoluteUrlOptions): string => {
    let path: string | undefined;
    let options = maybeOptions;
    if (typeof pathOrOptions === 'object' && pathOrOptions !== null) {
      options = pathOrOptions;
    } else if (pathOrOptions !== undefined && typeof pathOrOptions !== 'string') {
      throw new MeteorCoreError('METEOR_BAD_ARGUMENT', 'Meteor.absoluteUrl: path must be a string');
    } else {
      path = pathOrOptions;
    }
    const merged: AbsoluteUrlOptions = { ...absoluteUrl.defaultOptions, ...options };
    let url = merged.rootUrl;
    if (!url) {
      throw new MeteorCoreError('METEOR_NO_ROOT_URL', 'Must pass options.rootUrl or set ROOT_URL in the server environment');
    }
    if (!/^https?:\/\//i.test(url)) url = `http://${url}`;
    if (!url.endsWith('/')) url += '/';
    if (path) url += path.replace(/^\/+/, '');
    if (merged.secure && /^http:/.test(url) && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)) {
      url = url.replace(/^http:/, 'https:');
    }
    if (merged.replaceLocalhost) url = url.replace(/^http:\/\/localhost([:/])/, 'http://127.0.0.1$1');
    return url;
  }) as AbsoluteUrl;
  absoluteUrl.defaultOptions = { ...defaultOptions };
  return absoluteUrl;
}
