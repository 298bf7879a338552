// The Content-Security-Policy nonce of this response: server.ts makes one per request and
// puts it in the load context; entry.server passes it to React, and root.tsx to Remix's
// inline scripts. In the browser it reads as "" (browsers hide nonce attributes).
import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
