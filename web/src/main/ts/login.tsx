// Sign-in: the master key or a device's own key, checked against GET /edge/channels, kept for the session only.
import { useState } from 'preact/hooks';
import { ApiFailure, channels, storeKey } from './api';
import { go } from './route';

export function Login() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    storeKey(key.trim());
    try {
      await channels();
      go('#/wall');
    } catch (failure) {
      storeKey(null);
      setError(failure instanceof ApiFailure ? failure.sentence : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <form onSubmit={submit} class="panel">
        <h2>Sign in</h2>
        <p>Enter the platform's master key to see every channel, or a device's own key to see that device only. The
          key stays in this browser tab and is forgotten when it closes.</p>
        <label>api-key
          <input data-testid="login-key" type="password" autocomplete="off" value={key} required
            onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        </label>
        <button data-testid="login-submit" type="submit" disabled={busy}>Sign in</button>
        {error && <p data-testid="login-error" class="error" role="alert">{error}</p>}
      </form>
    </main>
  );
}
