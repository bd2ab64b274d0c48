/// <reference types="vite/client" />
import type { AgentBridge } from '../../shared/ipc/contract.ts';

declare global {
  interface Window {
    /** Present in Electron (preload); absent in the browser host, where the WebSocket bridge stands in. */
    tiledesk?: AgentBridge;
  }
}
export {};
