// React 19 alone: the bare <progress-stream> element. React 19 sets `headers` as a property and
// binds `onprogress-complete` as a listener for the element's `progress-complete` event.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@progress-stream/core'; // registers <progress-stream>
import type {} from '@progress-stream/core/react'; // JSX typings for <progress-stream> (types only)
import { authHeaders, streamUrl } from './config';

function App() {
  const [done, setDone] = useState<string | null>(null);
  const [percent, setPercent] = useState<number | null>(null);

  return (
    <main>
      <h1>The bare element in React 19</h1>
      <progress-stream
        src={streamUrl}
        preset="step-percent"
        label="Schema analysis"
        headers={authHeaders}
        onprogress-update={(event) => setPercent(event.detail.percent)}
        onprogress-complete={(event) => setDone(event.detail.message)}
      />
      <p>React saw {percent === null ? 'no progress yet' : `${Math.round(percent)} %`}.</p>
      {done !== null && (
        <p data-testid="done" role="status">
          Done! {done}
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
