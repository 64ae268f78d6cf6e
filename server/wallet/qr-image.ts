// The QR code image of orderCodeForm (displayType BIGIMAGE) and of the wallet page on a desktop: an SVG
// made by the qrcode package, so it is crisp at any size and needs nothing beyond the sandbox.
import QRCode from 'qrcode';

export function qrSvg(text: string): Promise<string> {
  // Error correction M: what payment QR codes commonly use; a one-module quiet zone keeps it compact.
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}
