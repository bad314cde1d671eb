import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { App } from './App';
import { I18nProvider } from './i18n/i18n';
import { stripTokenFromAddress } from './api/strip-token';

stripTokenFromAddress();

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <App />
  </I18nProvider>,
);
