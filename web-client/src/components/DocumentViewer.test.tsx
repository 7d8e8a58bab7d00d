import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../test/helpers';
import { DocumentLinks } from './DocumentViewer';

const id = '00000000-0000-0000-0000-0000000000d1';
const info = (contentType: string, fileName: string) => ({ id, fileName, contentType, sizeBytes: 204800, uploadedAt: '2026-11-20T18:00:00Z' });

afterEach(() => vi.unstubAllGlobals());

describe('document viewer', () => {
  it('shows an image inline from the view address, keeps the download, and closes with Escape back to its button', async () => {
    stubApi({ [`GET /api/v1/documents/${id}/info`]: { body: info('image/png', 'cpr-card.png') } });
    render(<DocumentLinks id={id} label="CPR/AED card" />);
    expect(screen.getByRole('link', { name: 'Download CPR/AED card' }).getAttribute('href')).toBe(`/api/v1/documents/${id}`);
    const view = screen.getByRole('button', { name: 'View CPR/AED card' });
    await userEvent.click(view);
    const dialog = await screen.findByRole('dialog', { name: 'CPR/AED card' });
    const image = await screen.findByRole('img', { name: 'CPR/AED card: cpr-card.png' });
    expect(image.getAttribute('src')).toBe(`/api/v1/documents/${id}/view`);
    expect(dialog.textContent).toContain('PNG image · 200 KB');
    expect(document.activeElement?.textContent).toBe('Close');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(view);
  });

  it('shows a PDF in a frame of the view address, not as an image', async () => {
    stubApi({ [`GET /api/v1/documents/${id}/info`]: { body: info('application/pdf', 'certificate.pdf') } });
    render(<DocumentLinks id={id} label="Certificate" />);
    await userEvent.click(screen.getByRole('button', { name: 'View Certificate' }));
    const frame = await screen.findByTitle('Certificate: certificate.pdf');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toBe(`/api/v1/documents/${id}/view`);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('says so when the document cannot be found', async () => {
    stubApi({});
    render(<MemoryRouter><DocumentLinks id={id} label="Certificate" /></MemoryRouter>);
    await userEvent.click(screen.getByRole('button', { name: 'View Certificate' }));
    expect(await screen.findByText(/not found/i)).toBeTruthy();
    expect(screen.queryByTitle(/certificate\.pdf/)).toBeNull();
  });
});
