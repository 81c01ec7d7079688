import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/client.js';
import { App } from './App.js';
import './styles.css';

const container = document.getElementById('root');
if (container) {
  const setup = connectApi();
  createRoot(container).render(
    <StrictMode>
      {setup.ok ? (
        <App api={setup.api} door={setup.door} />
      ) : (
        <main className="locked" role="alert">
          <h1>MailSetup</h1>
          <p>{setup.reason}</p>
        </main>
      )}
    </StrictMode>,
  );
}
