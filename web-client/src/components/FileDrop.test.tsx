import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FileDrop } from './FileDrop';

/** Stands in for XMLHttpRequest so the test can drive upload progress and the answer. */
class FakeXhr {
  static last: FakeXhr | undefined;
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  withCredentials = false;
  method = '';
  url = '';
  body: FormData | undefined;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader() {}
  abort() {}
  send(body: FormData) {
    this.body = body;
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const pdf = () => new File(['%PDF-1.4 test'], 'certificate.pdf', { type: 'application/pdf' });

describe('file drop', () => {
  it('uploads a dropped file as multipart field "file", shows progress, then the stored document', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const onChange = vi.fn();
    render(<FileDrop label="Certificate of completion" name="certificate" onChange={onChange} />);

    fireEvent.drop(screen.getByTestId('drop-certificate'), { dataTransfer: { files: [pdf()] } });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/documents');
    expect(xhr.withCredentials).toBe(true);
    expect((xhr.body!.get('file') as File).name).toBe('certificate.pdf');

    act(() => xhr.progress(512, 1024));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByText(/Uploading certificate\.pdf… 50%/)).toBeTruthy();

    const stored = { id: '7b6a3c1e-0000-4000-8000-000000000001', fileName: 'certificate.pdf', contentType: 'application/pdf', sizeBytes: 13, uploadedAt: '2026-11-25T18:00:00Z' };
    await act(async () => xhr.answer(201, stored));
    expect(await screen.findByText('✓ certificate.pdf uploaded')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(onChange).toHaveBeenLastCalledWith(stored);
  });

  it("shows the API's refusal and reports no document", async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const onChange = vi.fn();
    render(<FileDrop label="Front of the card" name="front" onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Front of the card'), { target: { files: [pdf()] } });
    await act(async () => FakeXhr.last!.answer(400, { title: 'The request is not valid.', errors: { file: ['Only PDF, PNG and JPEG files are accepted.'] } }));
    expect((await screen.findByRole('alert')).textContent).toBe('Only PDF, PNG and JPEG files are accepted.');
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('refuses other file types before uploading', () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.last = undefined;
    render(<FileDrop label="Certificate" name="certificate" onChange={() => {}} />);
    fireEvent.drop(screen.getByTestId('drop-certificate'), { dataTransfer: { files: [new File(['x'], 'notes.docx', { type: 'application/msword' })] } });
    expect(screen.getByRole('alert').textContent).toBe('Choose a PDF, PNG or JPEG file.');
    expect(FakeXhr.last).toBeUndefined();
  });

  it('offers only "Choose a file" on a touch screen, where a file cannot be dragged', () => {
    const original = window.matchMedia;
    window.matchMedia = ((media: string) => ({ matches: media === '(pointer: coarse)', media, addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia;
    try {
      render(<FileDrop label="Certificate of completion" name="certificate" onChange={() => {}} />);
      expect(screen.getByRole('button', { name: 'Choose a file' })).toBeTruthy();
      expect(screen.queryByText(/Drag a PDF/)).toBeNull();
    } finally {
      window.matchMedia = original;
    }
  });

  it('offers dragging where there is a mouse', () => {
    render(<FileDrop label="Certificate of completion" name="certificate" onChange={() => {}} />);
    expect(screen.getByText(/Drag a PDF, PNG or JPEG here/)).toBeTruthy();
  });
});
