// The useProgressStream hook: the same stream and mapping, rendered by the app itself.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useProgressStream } from '@progress-stream/core/react';
import { authHeaders, streamUrl } from './config';

function App() {
  const [doneMessage, setDoneMessage] = useState<string | null>(null);
  const { state, status, error, retry } = useProgressStream({
    url: streamUrl,
    mapping: 'step-percent',
    headers: authHeaders,
    onComplete: (final) => setDoneMessage(final.message),
  });

  return (
    <main>
      <h1>useProgressStream</h1>
      <progress max={100} value={state.percent ?? undefined} aria-label="Schema analysis" />
      <p>
        {state.percent === null ? 'Waiting for progress' : `${Math.round(state.percent)} %`}
        {state.message && ` · ${state.message}`}
      </p>
      <ol>
        {state.steps.map((step) => (
          <li key={step.id} data-status={step.status}>
            {step.label} ({step.status})
          </li>
        ))}
      </ol>
      <p>Connection: {status}</p>
      {error && (
        <p role="alert">
          {error.message} {status === 'offline' && <button onClick={retry}>Retry</button>}
        </p>
      )}
      {doneMessage !== null && (
        <p data-testid="done" role="status">
          Done! {doneMessage}
        </p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
