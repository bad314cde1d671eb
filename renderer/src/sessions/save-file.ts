/** Base64 from the station → a file the browser saves, or (PDF) opens to print. */
export function saveFile(fileName: string, mime: string, b64: string, open = false) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  if (open && window.open(url, '_blank')) return;
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
