import { memo, type ComponentType } from 'react';
import { useTracker } from './use-tracker';

export interface WithTrackerOptions<P, D> {
  getMeteorData: (props: P) => D;
  /** Memoise the wrapper on its props (default true). */
  pure?: boolean;
}

/**
 * The classic HOC: `withTracker((props) => data)(Component)` renders Component with its
 * props plus the reactive data. (React 19 passes `ref` as a prop, so it flows through.)
 */
export function withTracker<P extends object, D extends object>(
  options: ((props: P) => D) | WithTrackerOptions<P, D>,
): (Component: ComponentType<P & D>) => ComponentType<P> {
  const { getMeteorData, pure = true } = typeof options === 'function' ? { getMeteorData: options } : options;
  if (typeof getMeteorData !== 'function') throw new TypeError('withTracker needs a function returning the data');
  return (Component) => {
    function WithTracker(props: P) {
      const data = useTracker(() => getMeteorData(props) ?? ({} as D));
      return <Component {...props} {...data} />;
    }
    WithTracker.displayName = `withTracker(${Component.displayName ?? Component.name ?? 'Component'})`;
    return pure ? (memo(WithTracker) as unknown as ComponentType<P>) : WithTracker;
  };
}
