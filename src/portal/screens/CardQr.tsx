// A virtual card's QR, drawn here from the card page's URL (the qrcode
// package, no network): the patron can show it at the host library even
// before opening the card page.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

export function CardQr({ url, alt }: { url: string; alt: string }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let live = true;
    const absolute = new URL(url, location.href).href;
    QRCode.toDataURL(absolute, { margin: 2, width: 220, errorCorrectionLevel: 'M' }).then((d) => { if (live) setSrc(d); }, () => { if (live) setSrc(''); });
    return () => { live = false; };
  }, [url]);
  return src ? <img className="qr" src={src} alt={alt} width={220} height={220} data-testid="card-qr" /> : null;
}
