// The React wrapper: element properties as props, DOM events as typed callbacks.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ProgressStream } from '@progress-stream/core/react/component';
import type { ProgressState } from '@progress-stream/core/react';
import { authHeaders, streamUrl } from './config';

function App() {
  const [percent, setPercent] = useState<number | null>(null);
  const [result, setResult] = useState<ProgressState | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  return (
    <main>
      <h1>progress-stream in React</h1>
      <ProgressStream
        src={streamUrl}
        preset="step-percent"
        label="Schema analysis"
        headers={authHeaders}
        onProgressUpdate={(event) => setPercent(event.detail.percent)}
        onProgressComplete={(event) => setResult(event.detail)}
        onProgressFailed={(event) => setFailure(event.detail.error)}
        onStreamError={(event) => event.detail.fatal && setFailure(event.detail.message)}
      />
      <p>React saw {percent === null ? 'no progress yet' : `${Math.round(percent)} %`}.</p>
      {result && (
        <p data-testid="done" role="status">
          Done! {result.message}
        </p>
      )}
      {failure && <p role="alert">Failed: {failure}</p>}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
