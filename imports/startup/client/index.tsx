import { createRoot } from 'react-dom/client';
import { HelloPage } from '/imports/startup/client/hello-page';

interface RuntimeConfigView {
  ROOT_URL?: string;
}

/** Mounts the app into the static-html `#react-target` once the DOM is ready. */
export function startClient(): void {
  const mount = (): void => {
    const target = document.getElementById('react-target');
    if (target === null) throw new Error('client/main.html must contain <div id="react-target">');
    const config = (globalThis as { __meteor_runtime_config__?: RuntimeConfigView }).__meteor_runtime_config__;
    createRoot(target).render(<HelloPage rootUrl={config?.ROOT_URL ?? ''} />);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();
}
