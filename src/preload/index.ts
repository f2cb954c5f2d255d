import { contextBridge, ipcRenderer } from 'electron';
import { IOC_IPC_GLOBAL } from '../shared/contract/preload-api';
import { buildIocIpcApi, parseMethodNames } from './build-api';

/**
 * The sandboxed, context-isolated preload: it exposes `window.iocIpc` (one function per
 * contract method, plus events) and nothing else. Method names come from the main process on
 * the command line, so this bundle needs no third-party code.
 */
contextBridge.exposeInMainWorld(IOC_IPC_GLOBAL, buildIocIpcApi(parseMethodNames(process.argv), ipcRenderer));
