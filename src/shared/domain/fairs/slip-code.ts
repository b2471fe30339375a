// Reservation slip codes: ten digits, the last a Luhn check digit, so any 1D
// scanner reads them (Code 128 code set C packs them into 5 symbol characters)
// and a misread or mistyped digit is caught before anything is looked up.

export const SLIP_CODE_LENGTH = 10;
export const SLIP_CODE_PATTERN = '^[0-9]{10}$';

/** The Luhn check digit of a string of digits. */
export function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Doubled from the rightmost digit of the body, as the check digit will sit to its right.
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A slip code from nine digits (the service draws them at random). */
export function slipCodeOf(nineDigits: string): string {
  if (!/^[0-9]{9}$/.test(nineDigits)) throw new Error('slipCodeOf: nine digits expected');
  return `${nineDigits}${luhnDigit(nineDigits)}`;
}

/** Ten digits whose check digit is right. */
export function isSlipCode(code: string): boolean {
  return new RegExp(SLIP_CODE_PATTERN).test(code) && luhnDigit(code.slice(0, 9)) === code.charCodeAt(9) - 48;
}

/** Whether a scan looks like it was meant to be a slip (ten digits), right or not. */
export function looksLikeSlip(code: string): boolean {
  return /^[0-9]{10}$/.test(code.trim());
}
