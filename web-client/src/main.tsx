import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { loadOrganisation } from './lib/organisation';
import './styles.css';

// The organisation's zone and its label come first, so no timestamp is drawn in the browser's zone.
void loadOrganisation().finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </StrictMode>,
  ),
);
