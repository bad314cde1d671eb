/** A picked or dropped file as base64 text, the form the import channels take it in. */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error);
    // data:…;base64,XXXX — the part after the comma is the file.
    r.onload = () => resolve(String(r.result).replace(/^[^,]*,/, ''));
    r.readAsDataURL(file);
  });
}
