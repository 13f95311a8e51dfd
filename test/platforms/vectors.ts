/** The known-answer vectors of test/fixtures/platforms/vectors.json (made with openssl, see make-vectors.sh). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const path = fileURLToPath(new URL("../fixtures/platforms/vectors.json", import.meta.url));

export interface Vectors {
  douyin: { appKey: string; appSecret: string; body: string; eventSign: string };
  kuaishouPush: { msgKey: string; appKey: string; plaintext: string; ciphertext: string; testProbeCiphertext: string; msgKey256: string; ciphertext256: string };
  kuaishouSign: { appKey: string; signSecret: string; accessToken: string; timestamp: number; param: string; md5: string; hmacSha256: string };
  topSign: { appKey: string; appSecret: string; timestamp: string; md5: string; hmac: string };
  tmc: {
    appKey: string;
    appSecret: string;
    timestamp: string;
    connectSign: string;
    connectFrameHex: string;
    connectAckHex: string;
    refusedAckHex: string;
    sendFrameHex: string;
    confirmFrameHex: string;
  };
}

export const vectors = JSON.parse(readFileSync(path, "utf8")) as Vectors;

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}
export function unhex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}
