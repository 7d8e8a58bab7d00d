import { Link } from 'react-router';

export function NotFound() {
  return (
    <div className="narrow card">
      <h1>Page not found</h1>
      <p>The page you asked for does not exist.</p>
      <Link className="button" to="/">Go to your dashboard</Link>
    </div>
  );
}
