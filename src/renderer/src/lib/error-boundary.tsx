// The last line of defence: a part of the window that throws while drawing shows what broke and a Reload
// button instead of a blank window. A class component because React catches render errors only in one;
// a dozen lines did not warrant a dependency.
import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="m-6 flex max-w-xl flex-col gap-3 rounded border border-red-300 bg-red-50 p-4 text-sm text-red-950">
        <p className="font-semibold">{i18n.t('app.crashed')}</p>
        <p className="font-mono text-xs">{error.message}</p>
        <p>{i18n.t('app.crashedKept')}</p>
        <button type="button" className="self-start rounded bg-red-700 px-3 py-1 text-white" onClick={() => window.location.reload()}>
          {i18n.t('app.reload')}
        </button>
      </div>
    );
  }
}
