import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  electronEventChannel,
  electronInvokeChannel,
  isEventChannel,
  isInvokeChannel,
  type AgentBridge,
} from '../shared/ipc/contract.ts';

// Exactly the contract, nothing else: no ipcRenderer, no Node, no arbitrary channel.
const bridge: AgentBridge = {
  invoke(channel, args) {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `Unknown IPC channel: ${String(channel)}` } });
    }
    return ipcRenderer.invoke(electronInvokeChannel(channel), args);
  },
  on(event, listener) {
    if (!isEventChannel(event)) throw new Error(`Unknown IPC event: ${String(event)}`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(electronEventChannel(event), wrapped);
    return () => {
      ipcRenderer.removeListener(electronEventChannel(event), wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tiledesk', bridge);
