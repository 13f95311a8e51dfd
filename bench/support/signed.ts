/** A generic-webhook body and its headers, signed as a sender signs it (README, "Contract"). */
import { createHmac } from "node:crypto";

export function signedBody(secret: string, payload: unknown): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const t = Math.floor(Date.now() / 1000);
  return { body, headers: { "content-type": "application/json", "x-signature": `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}` } };
}
